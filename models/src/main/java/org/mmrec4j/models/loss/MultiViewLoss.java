package org.mmrec4j.models.loss;

import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.block.ViewRows;

/**
 * The loss MGCN and SMORE share (spec/models.md §13, §14): BPR-ls and BatchSq on the final rows of
 * the batch, plus InfoNCE between the side and content views of the batch's positives and users.
 */
public final class MultiViewLoss {
    private MultiViewLoss() {}

    /** Final E = C + side, the side part and the content part C, at the rows of a {@link ViewRows}. */
    public record Views(Tensor all, Tensor side, Tensor content) {}

    /**
     * BPR-ls(E_u, E_i⁺, E_i⁻) + reg·BatchSq(E_u, E_i⁺, E_i⁻) + cl·[NCE(side_i⁺, C_i⁺) + NCE(side_u, C_u)].
     * Rows repeat as often as the batch repeats them, as MMRec's tensor indexing does.
     */
    public static Tensor of(Views v, ViewRows rows, Batch b, double regWeight, double clWeight, int nominalBatch, float tau) {
        int[] u = rows.userPositions(b.users()), pos = rows.itemPositions(b.positives()), neg = rows.itemPositions(b.negatives());
        Tensor eu = v.all().gatherRows(u), ep = v.all().gatherRows(pos), en = v.all().gatherRows(neg);
        Tensor loss = Losses.bpr(eu.rowDot(ep), eu.rowDot(en), b.weighting())
                .add(Losses.batchSq(nominalBatch, eu, ep, en).scale((float) regWeight));
        if (clWeight == 0) return loss;
        Tensor cl = sideVsContent(v, pos, tau).add(sideVsContent(v, u, tau));
        return loss.add(cl.scale((float) clWeight));
    }

    /**
     * NCE-batch(side[rows], content[rows]) with each distinct row once and its multiplicity: exact
     * (a repeated row is a repeated anchor and a repeated negative), on (distinct)² logits, not B².
     */
    private static Tensor sideVsContent(Views v, int[] rows, float tau) {
        int[] count = new int[v.side().rows()];
        int distinct = 0;
        for (int r : rows) if (count[r]++ == 0) distinct++;
        int[] keys = new int[distinct], counts = new int[distinct];
        for (int r = 0, k = 0; r < count.length; r++) {
            if (count[r] > 0) {
                keys[k] = r;
                counts[k++] = count[r];
            }
        }
        return InBatchInfoNce.ofDistinct(v.side().gatherRows(keys), v.content().gatherRows(keys), counts, tau);
    }
}
