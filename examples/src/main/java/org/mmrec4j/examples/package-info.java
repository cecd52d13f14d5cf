/**
 * Short programs that use mmrec4j as a library through {@code org.mmrec4j.api}: {@link
 * org.mmrec4j.examples.TrainAndRecommend} (the README's example), {@link org.mmrec4j.examples.LoadAndServe}
 * and {@link org.mmrec4j.examples.ScoreNewItems}. Each is a {@code main} with its paths as arguments.
 */
package org.mmrec4j.examples;
