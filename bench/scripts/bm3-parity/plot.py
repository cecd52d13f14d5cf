# Two-panel SVG (train loss, valid R@20 per epoch) from epoch,train_loss,valid_recall@20 CSVs; no dependencies.
import csv, sys
series = []  # (label, colour, dash, rows)
def load(path, lossk='train_loss', validk='valid_recall@20'):
    return [(int(r['epoch']), float(r[lossk]), float(r[validk])) for r in csv.DictReader(open(path))]
spec = [a.split('=', 1) for a in sys.argv[2:]]
cols = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b']
for k, (label, path) in enumerate(spec):
    series.append((label, cols[(k // 2) % len(cols)], '' if k % 2 == 0 else '5,3', load(path)))
W, H, P = 460, 300, 50
def panel(x0, idx, title, lo, hi):
    out = [f'<text x="{x0+W/2}" y="18" text-anchor="middle" font-size="14">{title}</text>',
           f'<rect x="{x0+P}" y="{30}" width="{W-P-10}" height="{H-P-30}" fill="none" stroke="#999"/>']
    sx = lambda e: x0 + P + (W - P - 10) * e / 29
    sy = lambda v: 30 + (H - P - 30) * (1 - (v - lo) / (hi - lo))
    for t in range(6):
        v = lo + (hi - lo) * t / 5
        out.append(f'<text x="{x0+P-4}" y="{sy(v)+4:.1f}" text-anchor="end" font-size="10">{v:.3g}</text>')
    for e in range(0, 30, 5):
        out.append(f'<text x="{sx(e):.1f}" y="{H-P+14}" text-anchor="middle" font-size="10">{e}</text>')
    out.append(f'<text x="{x0+W/2}" y="{H-P+30}" text-anchor="middle" font-size="11">epoch</text>')
    for label, c, dash, rows in series:
        pts = ' '.join(f'{sx(r[0]):.1f},{sy(min(max(r[idx], lo), hi)):.1f}' for r in rows if r[0] < 30)
        out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="1.6" stroke-dasharray="{dash}"/>')
    return out
body = panel(0, 1, 'train loss (sum of 30 batch losses)', 75, 250) + panel(W, 2, 'valid Recall@20', 0, 0.085)
for k, (label, c, dash, rows) in enumerate(series):
    y = H - 8 + 0 * k
    x = 20 + k * (2 * W - 20) / len(series)
    body.append(f'<line x1="{x}" y1="{H+10}" x2="{x+22}" y2="{H+10}" stroke="{c}" stroke-width="2" stroke-dasharray="{dash}"/>')
    body.append(f'<text x="{x+26}" y="{H+14}" font-size="11">{label}</text>')
open(sys.argv[1], 'w').write(f'<svg xmlns="http://www.w3.org/2000/svg" width="{2*W}" height="{H+25}" font-family="sans-serif">' + ''.join(body) + '</svg>\n')
