package org.mmrec4j.models;

import org.mmrec4j.engine.Rng;

/**
 * What a model sees at the start of an epoch. The stream is derived from the run seed and the epoch
 * number alone, so a run resumed from a checkpoint draws exactly what the uninterrupted run drew.
 */
public record EpochContext(int epoch, Rng rng) {}
