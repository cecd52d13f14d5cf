package org.mmrec4j.models.multimodal;

import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.loss.Losses;

/**
 * The loss MGCN and SMORE share (spec/models.md §13, §14): BPR-ls and BatchSq on the final rows of
 * the batch, plus InfoNCE between the side and content views of the batch's positives and users.
 */
final class MultiViewLoss {
    private MultiViewLoss() {}

    /** Final E = C + side, the side part and the content part C, at the rows of a {@link ViewRows}. */
    record Views(Tensor all, Tensor side, Tensor content) {}

    /**
     * BPR-ls(E_u, E_i⁺, E_i⁻) + reg·BatchSq(E_u, E_i⁺, E_i⁻) + cl·[NCE(side_i⁺, C_i⁺) + NCE(side_u, C_u)].
     * Rows repeat as often as the batch repeats them, as MMRec's tensor indexing does.
     */
    static Tensor of(Views v, ViewRows rows, Batch b, double regWeight, double clWeight, int nominalBatch, float tau) {
        int[] u = rows.userPositions(b.users()), pos = rows.itemPositions(b.positives()), neg = rows.itemPositions(b.negatives());
        Tensor eu = v.all().gatherRows(u), ep = v.all().gatherRows(pos), en = v.all().gatherRows(neg);
        Tensor loss = Losses.bpr(eu.rowDot(ep), eu.rowDot(en))
                .add(Losses.batchSq(nominalBatch, eu, ep, en).scale((float) regWeight));
        if (clWeight == 0) return loss;
        Tensor cl = Losses.infoNceBatch(v.side().gatherRows(pos), v.content().gatherRows(pos), tau)
                .add(Losses.infoNceBatch(v.side().gatherRows(u), v.content().gatherRows(u), tau));
        return loss.add(cl.scale((float) clWeight));
    }
}
