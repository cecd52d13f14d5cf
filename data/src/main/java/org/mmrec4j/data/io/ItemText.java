package org.mmrec4j.data.io;

import java.util.List;
import java.util.Map;

/**
 * Builds one item's text the way MMRec's notebook 3 does (protocol §2.3): the chosen fields in order,
 * separated by single spaces; a missing field becomes a single space; a list of lists (Amazon's
 * {@code categories}) contributes every entry of its <em>first</em> list, a flat list every entry;
 * newlines become spaces.
 */
public final class ItemText {
    private ItemText() {}

    public static String build(Map<String, Object> fields, List<String> chosen) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < chosen.size(); k++) {
            if (k > 0) sb.append(' ');
            String part = part(fields.get(chosen.get(k)));
            sb.append(part.isBlank() ? " " : part);
        }
        return sb.toString().replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    /** True when the text has no characters besides whitespace: the item then counts as "without text". */
    public static boolean isEmpty(String text) {
        return text.isBlank();
    }

    private static String part(Object value) {
        if (value == null) return "";
        if (value instanceof List<?> list) {
            if (list.isEmpty()) return "";
            // Amazon 2014: categories is a list of category paths; MMRec keeps the first path only.
            List<?> entries = list.get(0) instanceof List<?> first ? first : list;
            StringBuilder sb = new StringBuilder();
            for (Object e : entries) {
                String s = part(e);
                if (s.isBlank()) continue;
                if (sb.length() > 0) sb.append(' ');
                sb.append(s);
            }
            return sb.toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder();
            for (Object v : map.values()) {
                String s = part(v);
                if (s.isBlank()) continue;
                if (sb.length() > 0) sb.append(' ');
                sb.append(s);
            }
            return sb.toString();
        }
        return value.toString();
    }
}
