/** Models that read item content features besides the interactions (MMGCN, GRCN, ...). */
package org.mmrec4j.models.multimodal;
