/** The command line: one picocli class per command over the library API. */
package org.mmrec4j.cli;
