"""The HTML report's inline style sheet and script (kept apart so the markup reads clearly)."""

STYLE = """
:root{--err:#c62828;--err-bg:#fdecea;--warn:#8a5a00;--warn-bg:#fff3c4;--info:#1f5fbf;--info-bg:#e3effd;
--ink:#1d2327;--muted:#5f6b73;--line:#dde3e8;--paper:#fff;--bg:#f4f6f8;--accent:#0b7a75}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.top{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:10px 24px;display:flex;flex-wrap:wrap;gap:8px 24px;align-items:center}
.top .title{font-size:17px}.top .title b{color:var(--accent)}
.muted{color:var(--muted)}
.filters{display:flex;flex-wrap:wrap;gap:6px;align-items:center}
.chip{border:1px solid var(--line);border-radius:999px;padding:2px 10px;font-size:13px;cursor:pointer;background:#fff;user-select:none}
.chip small{color:var(--muted)}.chip input{margin:0 4px 0 0;vertical-align:-1px}
.chip.sev-error{border-color:var(--err)}.chip.sev-warning{border-color:#d4a200}.chip.sev-info{border-color:var(--info)}
.sep{width:1px;height:20px;background:var(--line);margin:0 4px}
main{max-width:1280px;margin:0 auto;padding:20px 24px 60px}
.file{margin-bottom:40px}
.file>h2{font-size:19px;margin:8px 0 12px;display:flex;align-items:center;gap:10px;flex-wrap:wrap}
.file>h2 .path{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:16px}
.file>h2 .muted{font-weight:normal;font-size:14px}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 390px;gap:20px;align-items:start}
@media (max-width:960px){.layout{grid-template-columns:1fr}}
.doc{background:var(--paper);border:1px solid var(--line);border-radius:8px;padding:28px 40px;font:17px/1.65 Georgia,"Times New Roman",serif;max-width:820px}
.blk{margin:0 0 .9em}
.hd{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-weight:700;line-height:1.3;margin:1.2em 0 .5em}
.hd.h1{font-size:26px;margin-top:0}.hd.h2{font-size:21px}.hd.h3{font-size:18px}.hd.h4,.hd.h5,.hd.h6{font-size:16px}
.li{padding-left:1.6em;text-indent:-1.2em}.li .bullet,.fn .bullet{display:inline-block;min-width:1.2em;color:var(--muted);text-indent:0;margin-right:.3em}
.bq{border-left:3px solid var(--line);padding-left:14px;color:#3b464d}
.cell{font-size:15px;background:#fafbfc;border:1px solid var(--line);padding:4px 8px;margin:0 0 4px}
.fn{font-size:14px;color:#3b464d}
mark.f{background:none;color:inherit;border-bottom:2px solid;cursor:pointer;padding:1px 0;border-radius:2px}
mark.f.sev-error{background:var(--err-bg);border-color:var(--err)}
mark.f.sev-warning{background:var(--warn-bg);border-color:#d4a200}
mark.f.sev-info{background:var(--info-bg);border-color:var(--info)}
mark.f.whole{float:right;margin:0 0 4px 10px;border:1px solid;border-radius:4px;padding:0 6px;font:600 12px/1.6 system-ui,sans-serif}
mark.f.off{background:none;border-color:transparent;cursor:text}
mark.f.whole.off{display:none}
mark.f:focus{outline:2px solid var(--accent);outline-offset:1px}
mark.f.flash{outline:3px solid var(--accent)}
.page-level{background:#fafbfc;border:1px dashed var(--line);border-radius:6px;padding:8px 14px;margin-bottom:20px;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
.page-level h4{margin:4px 0 6px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.side{display:flex;flex-direction:column;gap:14px;position:sticky;top:64px;max-height:calc(100vh - 80px);overflow:auto;padding-right:2px}
.card{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 16px}
.card h3{margin:0 0 8px;font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted)}
.card h4{margin:12px 0 4px;font-size:13px}
.index{margin-bottom:28px}.index h2{font-size:17px;margin:0 0 8px}
.score{display:inline-block;min-width:2.4em;text-align:center;border-radius:6px;padding:1px 6px;font-weight:700;color:#fff;font-family:system-ui,sans-serif}
.score-big{font-size:40px;font-weight:800;line-height:1;margin-bottom:8px}.score-big small{font-size:15px;color:var(--muted);font-weight:normal}
.score.s-good,.bar .s-good{background:#2e7d32}.score.s-fair,.bar .s-fair{background:#c08400}.score.s-poor,.bar .s-poor{background:var(--err)}
.score-big.s-good{color:#2e7d32}.score-big.s-fair{color:#a36f00}.score-big.s-poor{color:var(--err)}
.chart .row{display:grid;grid-template-columns:130px 1fr 34px;gap:8px;align-items:center;font-size:13px;margin:3px 0}
.chart .label{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.bar{height:10px;background:#eef1f4;border-radius:5px;overflow:hidden;display:block}.bar>span{display:block;height:100%;background:var(--accent)}
.chart .n{text-align:right;color:var(--muted)}
.grade{font-size:14px}.grade .big{font-size:28px;font-weight:800;margin-right:4px}.grade.over .big{color:var(--err)}.grade.ok .big{color:#2e7d32}
.gauge{position:relative;height:12px;background:#eef1f4;border-radius:6px;margin:8px 0 4px}
.gauge .fill{position:absolute;left:0;top:0;bottom:0;border-radius:6px}.gauge .fill.over{background:#e57373}.gauge .fill.ok{background:#66bb6a}
.gauge .target{position:absolute;top:-4px;bottom:-4px;width:2px;background:var(--ink)}
table.metrics,table.kw{border-collapse:collapse;width:100%;font-size:13px}
table.metrics td,table.kw td,table.kw th{padding:3px 6px;border-bottom:1px solid #eef1f4;text-align:left}
table.metrics td:last-child,table.kw td:nth-child(n+2){text-align:right;font-variant-numeric:tabular-nums}
table.kw th{color:var(--muted);font-weight:600}
.hardest{margin:0;padding-left:18px;font-size:13px}.hardest a{color:inherit;text-decoration:none}.hardest a:hover{text-decoration:underline}
.flist{list-style:none;margin:0;padding:0}
.fi{padding:7px 8px;border-radius:6px;font-size:13px;cursor:pointer;border-left:3px solid transparent}
.fi:hover,.fi.active{background:#f1f5f8}.fi.active{border-left-color:var(--accent)}
.fi.sev-error{border-left-color:var(--err)}.fi.sev-warning{border-left-color:#d4a200}.fi.sev-info{border-left-color:var(--info)}
.fi .pos,.pf .pos{color:var(--muted);font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
.fi code,.pf code{font-size:12px;background:#eef1f4;padding:0 4px;border-radius:3px}
.fi .name{color:var(--muted)}.fi .msg,.pf .msg{margin-top:2px}
.sug{display:block;margin-top:2px;color:#2e7d32}
.badge{font-size:11px;text-transform:uppercase;letter-spacing:.04em;padding:0 5px;border-radius:3px;font-weight:700}
.badge.sev-error{background:var(--err-bg);color:var(--err)}.badge.sev-warning{background:var(--warn-bg);color:var(--warn)}.badge.sev-info{background:var(--info-bg);color:var(--info)}
td.sev-error{color:var(--err)}td.sev-warning{color:var(--warn)}td.sev-info{color:var(--info)}
.err{background:var(--err-bg);color:var(--err);border-radius:6px;padding:8px 12px;margin-bottom:12px}
.pop{position:absolute;z-index:10;max-width:420px;background:#fff;border:1px solid var(--line);border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.15);padding:8px 12px;font-size:14px}
.pf+.pf{border-top:1px solid #eef1f4;margin-top:6px;padding-top:6px}
[hidden]{display:none!important}
"""

SCRIPT = """
(function(){
var data=JSON.parse(document.getElementById('findings').textContent);
var pop=document.getElementById('pop');
var hidden={sev:{},cat:{}};
function visible(f){return !hidden.sev[f.severity]&&!hidden.cat[f.category];}
function fileOf(el){return +el.closest('.file').dataset.file;}
function ids(mark){return mark.dataset.f.split(' ').map(Number);}
function esc(s){return String(s).replace(/[&<>"]/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c];});}
function apply(){
  document.querySelectorAll('mark.f').forEach(function(m){
    var fs=data[fileOf(m)];m.classList.toggle('off',!ids(m).some(function(i){return visible(fs[i]);}));
  });
  document.querySelectorAll('li.fi').forEach(function(li){li.hidden=!!(hidden.sev[li.dataset.sev]||hidden.cat[li.dataset.cat]);});
  pop.hidden=true;
}
document.querySelectorAll('input[data-filter]').forEach(function(box){
  box.addEventListener('change',function(){hidden[box.dataset.filter][box.value]=!box.checked;apply();});
});
function show(mark){
  var fs=data[fileOf(mark)],shown=ids(mark).filter(function(i){return visible(fs[i]);});
  if(!shown.length)return;
  pop.innerHTML=shown.map(function(i){var f=fs[i];
    return '<div class="pf"><span class="badge sev-'+f.severity+'">'+f.severity+'</span> <code>'+esc(f.rule)+'</code> '+esc(f.name)+
      ' <span class="pos">'+f.line+':'+f.column+'</span><div class="msg">'+esc(f.message)+'</div>'+
      (f.suggestions.length?'<div class="sug">\\u2192 '+f.suggestions.slice(0,5).map(function(s){return '<b>'+esc(s)+'</b>';}).join(', ')+'</div>':'')+'</div>';}).join('');
  pop.hidden=false;
  var r=mark.getBoundingClientRect(),width=document.documentElement.clientWidth;
  pop.style.top=(window.scrollY+r.bottom+6)+'px';
  pop.style.left=Math.max(8,Math.min(window.scrollX+r.left,window.scrollX+width-pop.offsetWidth-8))+'px';
  var section=mark.closest('.file');
  section.querySelectorAll('li.fi.active').forEach(function(li){li.classList.remove('active');});
  shown.forEach(function(i){var li=section.querySelector('.side li.fi[data-i="'+i+'"]');if(li){li.classList.add('active');}});
}
document.addEventListener('click',function(ev){
  var mark=ev.target.closest('mark.f');
  if(mark&&!mark.classList.contains('off')){show(mark);return;}
  var li=ev.target.closest('li.fi');
  if(li){
    var marks=li.closest('.file').querySelectorAll('mark.f'),target=null;
    for(var k=0;k<marks.length&&!target;k++){if(ids(marks[k]).indexOf(+li.dataset.i)>=0){target=marks[k];}}
    if(target){target.scrollIntoView({block:'center'});target.classList.add('flash');
      setTimeout(function(){target.classList.remove('flash');},1200);show(target);}
    return;
  }
  if(!ev.target.closest('#pop')){pop.hidden=true;}
});
document.addEventListener('keydown',function(ev){
  if(ev.key==='Escape'){pop.hidden=true;}
  if(ev.key==='Enter'&&ev.target.matches&&ev.target.matches('mark.f, li.fi')){ev.target.click();}
});
})();
"""
