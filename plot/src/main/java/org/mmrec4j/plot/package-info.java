/**
 * Charts for run reports and dataset statistics ({@link org.mmrec4j.plot.Chart}, {@link org.mmrec4j.plot.Bins}),
 * rendered headless to PNG and SVG from plain numbers and labels.
 * May use: engine.io, XChart, VectorGraphics2D. May not use: any other mmrec4j module; callers (report,
 * cli) turn their records into series before plotting.
 */
package org.mmrec4j.plot;
