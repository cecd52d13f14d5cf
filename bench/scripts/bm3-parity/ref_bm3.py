# Independent BM3 in PyTorch written from spec/models.md §9 and protocol (a parity instrument, not project code).
# Mirrors the reference's RNG consumption order so seed 999 can be compared with the reference log.
import sys, time, random, argparse
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
ap = argparse.ArgumentParser()
ap.add_argument('--seed', type=int, default=999); ap.add_argument('--epochs', type=int, default=30)
ap.add_argument('--stopping', type=int, default=20); ap.add_argument('--dump', default=None); ap.add_argument('--out', default=None)
a = ap.parse_args()
torch.set_num_threads(1)
D = '/work/shared/datasets/tiktok/'
raw = np.loadtxt(D + 'tiktok.inter', skiprows=1, dtype=np.float64)
u_all, i_all, lab = raw[:, 0].astype(np.int64), raw[:, 1].astype(np.int64), raw[:, 4].astype(np.int64)
nu, ni = int(u_all.max()) + 1, int(i_all.max()) + 1
tr = lab == 0
tu, ti = u_all[tr], i_all[tr]
train_users = set(tu.tolist())
def evalset(k):
    m = (lab == k) & np.isin(u_all, list(train_users))
    d = {}
    for u, i in zip(u_all[m], i_all[m]): d.setdefault(int(u), []).append(int(i))
    return d
valid, test = evalset(1), evalset(2)
hist = {}
for u, i in zip(tu, ti): hist.setdefault(int(u), []).append(int(i))
# N1 adjacency
pairs = np.unique(np.stack([tu, ti], 1), axis=0)
du = np.bincount(pairs[:, 0], minlength=nu) + 1e-7; di = np.bincount(pairs[:, 1], minlength=ni) + 1e-7
w = (np.power(du[pairs[:, 0]], -0.5) * np.power(di[pairs[:, 1]], -0.5)).astype(np.float32)
rows_ = np.concatenate([pairs[:, 0], pairs[:, 1] + nu]); cols_ = np.concatenate([pairs[:, 1] + nu, pairs[:, 0]])
adj = torch.sparse_coo_tensor(np.array([rows_, cols_]), torch.tensor(np.concatenate([w, w])), (nu + ni, nu + ni)).coalesce()
v_feat = torch.from_numpy(np.load(D + 'image_feat.npy')).float()
t_feat = torch.from_numpy(np.load(D + 'audio_feat.npy')).float()   # the reference's text slot holds audio

random.seed(a.seed); np.random.seed(a.seed); torch.manual_seed(a.seed)
class BM3(nn.Module):
    def __init__(s):
        super().__init__()
        s.user_embedding = nn.Embedding(nu, 64); s.item_id_embedding = nn.Embedding(ni, 64)
        nn.init.xavier_uniform_(s.user_embedding.weight); nn.init.xavier_uniform_(s.item_id_embedding.weight)
        s.predictor = nn.Linear(64, 64); nn.init.xavier_normal_(s.predictor.weight)
        s.image_embedding = nn.Embedding.from_pretrained(v_feat.clone(), freeze=False)
        s.image_trs = nn.Linear(128, 64); nn.init.xavier_normal_(s.image_trs.weight)
        s.text_embedding = nn.Embedding.from_pretrained(t_feat.clone(), freeze=False)
        s.text_trs = nn.Linear(128, 64); nn.init.xavier_normal_(s.text_trs.weight)
    def forward(s):
        e = torch.cat([s.user_embedding.weight, s.item_id_embedding.weight])
        e = torch.stack([e, torch.sparse.mm(adj, e)], 1).mean(1)
        hu, hi = torch.split(e, [nu, ni])
        return hu, hi + s.item_id_embedding.weight
    def loss(s, users, items, drop=0.3, reg=0.1, clw=2.0):
        hu, hi = s.forward()
        mt = s.text_trs(s.text_embedding.weight); mv = s.image_trs(s.image_embedding.weight)
        with torch.no_grad():
            zu = F.dropout(hu.clone(), drop); zi = F.dropout(hi.clone(), drop)
            zt = F.dropout(mt.clone(), drop); zv = F.dropout(mv.clone(), drop)
        s.last_targets = (zu, zi, zt, zv)
        yu, yi = s.predictor(hu)[users], s.predictor(hi)[items]
        zu, zi = zu[users], zi[items]
        c = lambda p, z: 1 - F.cosine_similarity(p, z, dim=-1).mean()
        yt, yv = s.predictor(mt)[items], s.predictor(mv)[items]
        cl = c(yt, zi) + c(yt, zt[items]) + c(yv, zi) + c(yv, zv[items])
        regl = (torch.norm(hu) + torch.norm(hi)) / ni
        return c(yu, zi) + c(yi, zu) + reg * regl + clw * cl
    @torch.no_grad()
    def scores(s):
        hu, hi = s.forward()
        return s.predictor(hu), s.predictor(hi)
m = BM3()
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
def recall20(ev):
    yu, yi = m.scores()
    us = sorted(ev); S = yu[us] @ yi.T
    for r, u in enumerate(us): S[r, hist[u]] = -1e10
    top = torch.topk(S, 20, dim=1).indices.numpy()
    return float(np.mean([len(set(top[r]) & set(ev[u])) / len(ev[u]) for r, u in enumerate(us)]))
order_u, order_i = tu.copy(), ti.copy()
best, bad, bestep, besttest = -1, 0, -1, None
rows = []
for ep in range(a.epochs):
    t0 = time.time()
    p = np.random.permutation(len(order_u)); order_u, order_i = order_u[p], order_i[p]  # pandas df.sample(frac=1) compounds
    tot = 0.0
    for lo in range(0, len(order_u), 2048):
        opt.zero_grad()
        l = m.loss(torch.from_numpy(order_u[lo:lo + 2048]), torch.from_numpy(order_i[lo:lo + 2048]))
        if a.dump:
            init = {k: v.detach().clone() for k, v in m.named_parameters()}
        l.backward()
        if a.dump:
            D_ = a.dump + '/'
            for k, v in init.items(): np.save(D_ + 'p_' + k + '.npy', v.numpy().astype(np.float32))
            for k, v in m.named_parameters(): np.save(D_ + 'g_' + k + '.npy', v.grad.numpy().astype(np.float32))
            for k, v in zip(['zu', 'zi', 'zt', 'zv'], m.last_targets): np.save(D_ + k + '.npy', v.numpy().astype(np.float32))
            np.save(D_ + 'users.npy', order_u[lo:lo + 2048].astype(np.float32)); np.save(D_ + 'items.npy', order_i[lo:lo + 2048].astype(np.float32))
            opt.step()
            for k, v in m.named_parameters(): np.save(D_ + 'q_' + k + '.npy', v.detach().numpy().astype(np.float32).reshape(v.shape[0], -1))
            print('loss', repr(l.item())); sys.exit(0)
        opt.step(); tot += l.item()
    v = recall20(valid)
    if v > best: best, bad, bestep, besttest = v, 0, ep, recall20(test)
    else: bad += 1
    rows.append((ep, tot, v))
    print(f'epoch {ep} loss {tot:.4f} valid {v:.4f} ({time.time()-t0:.1f}s)', flush=True)
    if bad > a.stopping: break
print(f'best epoch {bestep} valid {best:.4f} test {besttest:.4f} ran {len(rows)}')
if a.out:
    with open(a.out, 'w') as f:
        f.write('epoch,train_loss,valid_recall@20\n')
        for r in rows: f.write('%d,%.6f,%.6f\n' % r)
