package org.mmrec4j.config;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" suggestions by edit distance, for unknown and missing keys. */
public final class Suggest {

  private Suggest() {}

  /** The closest candidate, if it is close enough to be a plausible typo of {@code key}. */
  public static Optional<String> closest(String key, Collection<String> candidates) {
    // A third of the length lets "reg_wieght" find "reg_weight" but stops "lr" matching "seed".
    int limit = Math.max(1, Math.min(3, key.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      if (candidate.equals(key)) {
        continue;
      }
      int d = distance(key.toLowerCase(), candidate.toLowerCase());
      if (d < bestDistance || (d == bestDistance && best != null && candidate.compareTo(best) < 0)) {
        best = candidate;
        bestDistance = d;
      }
    }
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** " (did you mean x?)" or an empty string. */
  public static String didYouMean(String key, Collection<String> candidates) {
    return closest(key, candidates).map(s -> "; did you mean " + s + "?").orElse("");
  }

  /** Optimal string alignment distance: Levenshtein plus adjacent transpositions, a common typo. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          v = Math.min(v, d[i - 2][j - 2] + 1);
        }
        d[i][j] = v;
      }
    }
    return d[a.length()][b.length()];
  }
}
