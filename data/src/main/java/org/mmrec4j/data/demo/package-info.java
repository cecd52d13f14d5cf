/**
 * The embedded demo dataset: a small synthetic dataset with planted user-item taste structure and item
 * features that carry part of that signal, generated deterministically from a seed by
 * {@link org.mmrec4j.data.demo.DemoDataset}. It exists so examples, contract tests and smoke runs work
 * without downloading anything. It is not a benchmark.
 * May use: data, data.io, data.prep, engine, engine.io. May not use: any module above data.
 */
package org.mmrec4j.data.demo;
