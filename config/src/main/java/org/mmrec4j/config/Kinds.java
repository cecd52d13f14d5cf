package org.mmrec4j.config;

import java.util.List;
import java.util.Map;

/**
 * The kind of value a documented key takes, checked when the user's layers set it, so that
 * {@code --set learning_rate=abc} fails before any data is read rather than after an epoch. A
 * documented null takes anything, null is always allowed (many keys are "X or null"), a scalar key
 * also takes a list of its kind (a grid axis), and a list key also takes one value of its elements' kind.
 */
final class Kinds {
    private Kinds() {}

    /** What {@code given} should have been, or null when it fits the documented value. */
    static String mismatch(Object documented, Object given) {
        if (documented == null || given == null) return null;
        if (documented instanceof List<?> docList) {
            Object element = docList.isEmpty() ? null : docList.get(0);
            if (given instanceof List<?> l) {
                for (Object o : l) if (scalarMismatch(element, o) != null) return "a list of " + scalarMismatch(element, o);
                return null;
            }
            String e = scalarMismatch(element, given);
            return e == null ? null : "a list of " + e;
        }
        if (documented instanceof Map<?, ?>) return given instanceof Map<?, ?> ? null : "a mapping";
        if (given instanceof List<?> l) {
            for (Object o : l) if (scalarMismatch(documented, o) != null) return scalarMismatch(documented, o) + " (or a list of them)";
            return null;
        }
        return scalarMismatch(documented, given);
    }

    private static String scalarMismatch(Object documented, Object given) {
        if (documented == null || given == null) return null;
        if (documented instanceof Boolean) return given instanceof Boolean ? null : "true or false";
        // int and float keys are not told apart: YAML writes a float default as 10 as readily as 10.0
        if (documented instanceof Number) return given instanceof Number ? null : "a number";
        if (documented instanceof String) return given instanceof String ? null : "text";
        return null;
    }
}
