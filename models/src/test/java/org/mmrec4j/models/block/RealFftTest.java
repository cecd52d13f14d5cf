package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

/** The matrix form of rfft/irfft (ortho) against a naive complex DFT in double precision. */
class RealFftTest {

    private static Tensor random(int rows, int cols, long seed) {
        Rng rng = new Rng(seed);
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
        return Tensor.wrap(rows, cols, d);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 8, 64})
    void forwardMatchesTheNaiveDft(int n) {
        RealFft fft = new RealFft(n);
        Tensor x = random(3, n, n);
        RealFft.Spectrum s = fft.forward(x);
        assertThat(fft.bins()).isEqualTo(n / 2 + 1);
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < fft.bins(); k++) {
                double re = 0, im = 0;
                for (int j = 0; j < n; j++) {
                    double a = -2 * Math.PI * j * k / n;
                    re += x.get(r, j) * Math.cos(a);
                    im += x.get(r, j) * Math.sin(a);
                }
                assertThat((double) s.re().get(r, k)).isCloseTo(re / Math.sqrt(n), within(1e-5));
                assertThat((double) s.im().get(r, k)).isCloseTo(im / Math.sqrt(n), within(1e-5));
            }
        }
    }

    /** irfft = the naive inverse of the Hermitian completion, with the DC and Nyquist imaginary parts dropped (as pocketfft's c2r). */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 8, 64})
    void inverseMatchesTheNaiveHermitianInverseIgnoringDcAndNyquistImaginaryParts(int n) {
        RealFft fft = new RealFft(n);
        int bins = fft.bins();
        Tensor re = random(2, bins, 100 + n), im = random(2, bins, 200 + n);
        Tensor x = fft.inverse(new RealFft.Spectrum(re, im));
        for (int r = 0; r < 2; r++) {
            double[] fullRe = new double[n], fullIm = new double[n];
            for (int k = 0; k < bins; k++) {
                boolean selfConjugate = k == 0 || 2 * k == n;
                fullRe[k] = re.get(r, k);
                fullIm[k] = selfConjugate ? 0 : im.get(r, k);
                if (!selfConjugate) {
                    fullRe[n - k] = re.get(r, k);
                    fullIm[n - k] = -im.get(r, k);
                }
            }
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < n; k++) {
                    double a = 2 * Math.PI * j * k / n;
                    v += fullRe[k] * Math.cos(a) - fullIm[k] * Math.sin(a);
                }
                assertThat((double) x.get(r, j)).isCloseTo(v / Math.sqrt(n), within(1e-5));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 8, 64})
    void roundTripIsTheIdentity(int n) {
        RealFft fft = new RealFft(n);
        Tensor x = random(4, n, 7 * n);
        Tensor back = fft.inverse(fft.forward(x));
        for (int i = 0; i < x.size(); i++) assertThat(back.data()[i]).isCloseTo(x.data()[i], within(1e-5f));
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 8})
    void filteredProductOfSpectraHasCorrectGradients(int n) {
        RealFft fft = new RealFft(n);
        int bins = fft.bins();
        Tensor a = GradCheck.input(3, n, 1), b = GradCheck.input(3, n, 2), w = GradCheck.input(2, bins, 3);
        GradCheck.check("irfft(rfft(a)·rfft(b)·w)", in -> {
            RealFft.Spectrum filter = new RealFft.Spectrum(in[2].sliceRows(0, 1), in[2].sliceRows(1, 2));
            return fft.inverse(fft.forward(in[0]).times(fft.forward(in[1])).times(filter));
        }, a, b, w);
    }

    @ParameterizedTest
    @ValueSource(ints = {7, 8, 64})
    void foldedFiltersEqualFilteringTheSpectrum(int n) {
        RealFft fft = new RealFft(n);
        Tensor x = random(5, n, 3 * n), y = random(5, n, 5 * n), w = random(2, fft.bins(), 11 * n);
        RealFft.Spectrum filter = new RealFft.Spectrum(w.sliceRows(0, 1), w.sliceRows(1, 2));
        Tensor direct = fft.inverse(fft.forward(x).times(filter));
        Tensor viaMatrix = x.matmul(fft.filterMatrix(filter));
        RealFft.Spectrum product = fft.forward(x).times(fft.forward(y));
        Tensor productDirect = fft.inverse(product.times(filter)), productFolded = fft.inverseFiltered(product, filter);
        for (int i = 0; i < direct.size(); i++) {
            assertThat(viaMatrix.data()[i]).isCloseTo(direct.data()[i], within(1e-4f));
            assertThat(productFolded.data()[i]).isCloseTo(productDirect.data()[i], within(1e-3f));
        }
    }

    @Test
    void foldedFiltersHaveCorrectGradients() {
        RealFft fft = new RealFft(8);
        Tensor x = GradCheck.input(3, 8, 1), y = GradCheck.input(3, 8, 2), w = GradCheck.input(2, 5, 3), v = GradCheck.input(2, 5, 4);
        GradCheck.check("x·K(w) + irfft(rfft(x)·rfft(y) ⊙ v)", in -> {
            RealFft.Spectrum fw = new RealFft.Spectrum(in[2].sliceRows(0, 1), in[2].sliceRows(1, 2));
            RealFft.Spectrum fv = new RealFft.Spectrum(in[3].sliceRows(0, 1), in[3].sliceRows(1, 2));
            return in[0].matmul(fft.filterMatrix(fw)).add(fft.inverseFiltered(fft.forward(in[0]).times(fft.forward(in[1])), fv));
        }, x, y, w, v);
    }
}
