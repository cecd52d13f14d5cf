/** Charts for run reports and dataset statistics, rendered headless to PNG and SVG. */
package org.mmrec4j.plot;
