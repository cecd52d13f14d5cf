package org.mmrec4j.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options every training command shares: the dataset folder, the two user config layers and --threads. */
public final class RunOptions {
    @Mixin
    CommonOptions common;

    @Option(names = "--data", required = true, description = "dataset folder holding <name>.inter and optional *_feat.npy")
    Path data;

    @Option(names = "--config", description = "YAML file layered over the defaults (MMRec key names), for every run")
    Path config;

    @Option(names = "--set", description = "key=value override, repeatable, for every run (e.g. --set reg_weight=1e-3); "
            + "a list value (--set 'dropout=[0.7,0.8]') is a grid axis; the keys: `mmrec4j models NAME` (the model's), "
            + "`mmrec4j models --common` (the trainer's)")
    List<String> sets = new ArrayList<>();

    /** The training log at the detail --quiet or --verbose chose. */
    public org.mmrec4j.train.ConsoleLog log() {
        return common.log();
    }

    /** Applies --threads; call first. */
    public void apply() {
        common.apply();
    }

    public Path data() {
        return data;
    }

    public Path config() {
        return config;
    }

    public List<String> sets() {
        return sets;
    }

    /** The invocation as recorded in each run's manifest: {@code head}, then --data and every --set. */
    public List<String> command(String... head) {
        List<String> c = new ArrayList<>(List.of(head));
        c.addAll(List.of("--data", data.toString()));
        sets.forEach(s -> c.addAll(List.of("--set", s)));
        return c;
    }
}
