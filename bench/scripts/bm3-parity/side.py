import re,sys,csv
ref={}
for l in open(__import__('os').path.join(__import__('os').path.dirname(__file__), '../../../../shared/reference/logs/tiktok_BM3.log')):
    m=re.search(r'epoch (\d+) training .*train loss: ([\d.]+)',l)
    if m: ref.setdefault(int(m[1]),{})['loss']=float(m[2])
    m=re.search(r'epoch (\d+) evaluating .*valid_score: ([\d.]+)',l)
    if m: ref.setdefault(int(m[1]),{})['valid']=float(m[2])
runs=sys.argv[1:]
cols=[]
for r in runs:
    d={}
    for row in csv.DictReader(open(r+'/train_log.csv')):
        d[int(row['epoch'])]=(float(row['train_loss']),float(row['valid_recall@20']))
    cols.append(d)
hdr='| epoch | ref loss | ref valid R@20 |'+''.join(f' {r.split("/")[-1]} loss | {r.split("/")[-1]} valid R@20 |' for r in runs)
print(hdr); print('|'+'---|'*(3+2*len(runs)))
for e in range(30):
    rr=ref.get(e,{})
    s=f"| {e} | {rr.get('loss','–')} | {rr.get('valid','–')} |"
    for d in cols:
        if e in d: s+=f" {d[e][0]:.2f} | {d[e][1]:.4f} |"
        else: s+=" – | – |"
    print(s)
