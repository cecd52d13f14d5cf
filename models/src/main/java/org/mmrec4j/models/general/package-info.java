/** Models that use interactions only: BPR-MF and LightGCN. */
package org.mmrec4j.models.general;
