#!/usr/bin/env python3
"""The module graph of src/: each top-level module and the crate modules it
uses (outside its tests and comments); fails when the graph has a cycle.

    python3 scripts/module_graph.py
"""
import re, os, sys, collections
import pathlib
root=str(pathlib.Path(__file__).resolve().parent.parent / 'src')
mods={}
for dp,_,fs in os.walk(root):
    for f in fs:
        if not f.endswith('.rs'): continue
        p=os.path.join(dp,f); rel=os.path.relpath(p,root)
        top=rel.split('/')[0].replace('.rs','')
        if top in ('main','lib'): continue
        mods.setdefault(top,set())
        s=open(p).read()
        # drop test modules
        s=re.split(r'#\[cfg\(test\)\]', s)[0]
        s='\n'.join(l.split('//')[0] for l in s.split('\n'))
        for m in re.finditer(r'crate::(\w+)', s):
            t=m.group(1)
            if t!=top: mods[top].add(t)
        # super:: at top-level files of a dir mod point to same top; ignore
g={k:{t for t in v if t in mods} for k,v in mods.items()}
for k in sorted(g): print(k,'->',sorted(g[k]))
# cycles via SCC
idx={}; low={}; st=[]; on=set(); res=[]; c=[0]
def sc(v):
    idx[v]=low[v]=c[0]; c[0]+=1; st.append(v); on.add(v)
    for w in g[v]:
        if w not in idx: sc(w); low[v]=min(low[v],low[w])
        elif w in on: low[v]=min(low[v],idx[w])
    if low[v]==idx[v]:
        comp=[]
        while True:
            w=st.pop(); on.discard(w); comp.append(w)
            if w==v: break
        if len(comp)>1: res.append(comp)
sys.setrecursionlimit(10000)
for v in g:
    if v not in idx: sc(v)
print('cycles:', res or 'none')
sys.exit(1 if res else 0)
