/**
 * Training batches: {@link org.mmrec4j.data.sample.BprSampler} shuffles the training rows each epoch and
 * pairs every positive with one sampled negative (protocol §3.3, §7). Batches are plain records of int
 * arrays with named columns, never positional tensors. Evaluation data does not live here.
 * May use: data, engine (Rng). May not use: data.prep, eval, models or any module above data.
 */
package org.mmrec4j.data.sample;
