package org.mmrec4j.cli;

import java.util.concurrent.Callable;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import picocli.CommandLine.Command;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List every model with what it uses.")
public final class ModelsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-12s %-24s %s%n", "model", "uses", "description");
        for (ModelSpec m : ModelCatalog.all()) {
            System.out.printf("%-12s %-24s %s%n", m.name(), m.uses().label(), m.description());
        }
        return 0;
    }
}
