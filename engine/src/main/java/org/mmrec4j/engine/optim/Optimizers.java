package org.mmrec4j.engine.optim;

import java.util.List;
import java.util.Locale;
import org.mmrec4j.engine.Params;

/** Builds the optimizer a config's {@code learner} names, with PyTorch's defaults for everything else. */
public final class Optimizers {
    /** The names {@link #of} accepts, as the {@code learner} key spells them. */
    public static final List<String> NAMES = List.of("adam", "sgd", "adagrad", "rmsprop");

    private Optimizers() {}

    /**
     * The optimizer {@code name} (case-insensitive) over {@code params}: adam (torch.optim.Adam), sgd (no
     * momentum), adagrad or rmsprop, each adding {@code weightDecay}·θ to the gradient.
     *
     * @throws IllegalArgumentException for any other name, listing the supported ones
     */
    public static Optimizer of(String name, Params params, double lr, double weightDecay) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "adam" -> new Adam(params, lr, weightDecay);
            case "sgd" -> new Sgd(params, lr, 0.0, weightDecay);
            case "adagrad" -> new Adagrad(params, lr, weightDecay);
            case "rmsprop" -> new RmsProp(params, lr, weightDecay);
            default -> throw new IllegalArgumentException(
                    "learner '" + name + "' is not supported; use one of " + String.join(", ", NAMES));
        };
    }
}
