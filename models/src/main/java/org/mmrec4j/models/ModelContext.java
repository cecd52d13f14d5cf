package org.mmrec4j.models;

import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.graph.UserItemGraph;

/** Everything a model constructor may use: the data (training edges only for graphs), config and a seeded stream. */
public final class ModelContext {
    private final Dataset dataset;
    private final Config config;
    private final Rng rng;
    private UserItemGraph userItem;

    public ModelContext(Dataset dataset, Config config, Rng rng) {
        this.dataset = dataset;
        this.config = config;
        this.rng = rng;
    }

    public Dataset dataset() {
        return dataset;
    }

    public Config config() {
        return config;
    }

    /** The model's own stream: initialisation and any per-model randomness split from it by name. */
    public Rng rng() {
        return rng;
    }

    public int numUsers() {
        return dataset.numUsers();
    }

    public int numItems() {
        return dataset.numItems();
    }

    public FeatureSet features() {
        return dataset.features();
    }

    /** The training user-item graph, built on first use. */
    public UserItemGraph userItemGraph() {
        if (userItem == null) userItem = new UserItemGraph(dataset.train(), numUsers(), numItems());
        return userItem;
    }
}
