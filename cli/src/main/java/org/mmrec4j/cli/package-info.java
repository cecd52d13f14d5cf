/**
 * The command line: one picocli class per command over the library API, each registered in
 * {@link org.mmrec4j.cli.Main}. A command parses options, calls the library and prints; training,
 * selection and file formats live in the modules below. May use: train, features, serve, report, plot
 * and everything below them, picocli. May not use: bench.
 */
package org.mmrec4j.cli;
