/**
 * Layered YAML configuration with MMRec's flat key names ({@code embedding_size}, {@code reg_weight},
 * {@code hyper_parameters}). {@link org.mmrec4j.config.ConfigLoader} merges the defaults, dataset,
 * model, user and {@code --set} layers into an immutable {@link org.mmrec4j.config.Config} whose
 * values remember the file and line they came from, and {@link org.mmrec4j.config.Config#expandGrid()}
 * turns the hyper-parameter lists into one config per grid point. Typed model options, the grid
 * search policy and any knowledge of specific models live in other modules, not here.
 * May use: the JDK and Jackson (YAML). May not use: any mmrec4j module, not even engine.
 */
package org.mmrec4j.config;
