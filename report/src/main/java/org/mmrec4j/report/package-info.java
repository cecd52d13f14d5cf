/**
 * Reading finished run folders back and summarising them: {@link org.mmrec4j.report.RunRecord} (one
 * run folder), {@link org.mmrec4j.report.Leaderboard} (mean ± std over seeds with paired significance
 * tests, via {@link org.mmrec4j.report.Stats}) and {@link org.mmrec4j.report.Report} (report.md and
 * its plots). May use: train (its run-folder formats) and everything below it, plot, Jackson.
 * May not use: features, serve, cli; a report never trains.
 */
package org.mmrec4j.report;
