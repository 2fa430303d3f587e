// Ops: the practice's decisions per minute over the last hour (the dispatch-stats API) and the apps' dead letters and Twilio
// outcomes (the public /metrics), polled while the view is open.
"use strict";
(() => {
  const $ = Console.$;
  const EVERY_MS = 5000;
  let timer = null;

  const outcomes = {
    queued: "Handed to Twilio", dry_run: "Not really sent (dry run)", rejected: "Refused by Twilio", retried: "Retried",
    gave_up: "Given up after retries", expired: "Expired before sending", unconfirmed: "Sent, Twilio's answer lost",
    unconfirmed_after_restart: "Unconfirmed after a restart", already_done: "Already sent before", dead_lettered: "Unreadable, set aside",
  };
  const dlqReasons = {
    not_wire_format: "not in the expected format", unknown_schema_id: "written with an unknown schema",
    incompatible_schema: "written with an incompatible schema", corrupt_payload: "damaged", deserialization_failed: "unreadable",
  };

  // Prometheus text lines: name{label="value",...} number. Only the two families this view shows.
  function parseMetrics(text) {
    const samples = [];
    for (const line of text.split("\n")) {
      const match = /^(optgate_dlq_records_total|optgate_twilio_sender_outcomes_total)\{([^}]*)\}\s+([0-9.eE+-]+)/.exec(line);
      if (!match) continue;
      const labels = {};
      match[2].replace(/(\w+)="((?:[^"\\]|\\.)*)"/g, (all, name, value) => { labels[name] = value; return ""; });
      samples.push({ name: match[1], labels, value: Number(match[3]) });
    }
    return samples;
  }

  async function metrics() {
    // Local mode serves every app's metrics at /metrics; the docker-compose gateway also has /metrics/dispatcher.
    const session = Api.session() || {};
    const headers = session.key ? { "Authorization": "Bearer " + session.key } : {};
    let refused = false;
    const texts = await Promise.all(["/metrics", "/metrics/dispatcher"].map(path =>
      fetch(path, { headers }).then(r => { refused = refused || r.status === 401 || r.status === 403; return r.ok ? r.text() : ""; })
        .catch(() => "")));
    $("metrics-refused").hidden = !refused;
    const seen = new Map();
    for (const sample of parseMetrics(texts.join("\n"))) {
      seen.set(sample.name + JSON.stringify(sample.labels), sample);
    }
    return [...seen.values()];
  }

  function fill(tableId, emptyId, rows) {
    const body = $(tableId).querySelector("tbody");
    body.replaceChildren(...rows.map(([label, count]) => {
      const tr = document.createElement("tr");
      const name = document.createElement("td");
      name.textContent = label;
      const value = document.createElement("td");
      value.className = "count";
      value.textContent = String(count);
      tr.append(name, value);
      return tr;
    }));
    $(emptyId).hidden = rows.length > 0;
  }

  function draw(stats) {
    const canvas = $("ops-chart");
    const g = canvas.getContext("2d");
    const width = canvas.width, height = canvas.height, bottom = height - 20;
    g.clearRect(0, 0, width, height);
    const end = new Date(stats.to).getTime();
    const minutes = 60, slot = width / minutes;
    const byMinute = new Map(stats.windows.map(w => [Math.floor((end - new Date(w.windowStart).getTime()) / 60000), w]));
    const peak = Math.max(1, ...stats.windows.map(w => w.total));
    for (let ago = 0; ago < minutes; ago++) {
      const w = byMinute.get(ago);
      if (!w) continue;
      const sent = (w.countsByVerdict && w.countsByVerdict.SEND) || 0;
      const dropped = w.total - sent;
      const x = width - (ago + 1) * slot + 1;
      const sentHeight = (sent / peak) * (bottom - 10), droppedHeight = (dropped / peak) * (bottom - 10);
      g.fillStyle = "#1f6f43";
      g.fillRect(x, bottom - sentHeight, slot - 2, sentHeight);
      g.fillStyle = "#c2410c";
      g.fillRect(x, bottom - sentHeight - droppedHeight, slot - 2, droppedHeight);
    }
    g.fillStyle = "#5b6775";
    g.font = "12px system-ui, sans-serif";
    g.fillText("60 min ago", 2, height - 4);
    g.fillText("now", width - 26, height - 4);
    g.fillText("peak " + peak + "/min", 2, 12);
  }

  async function refresh() {
    try {
      const [stats, samples] = await Promise.all([Api.get("/dispatch-stats"), metrics()]);
      draw(stats);
      let total = 0, sent = 0;
      const reasons = {};
      for (const w of stats.windows) {
        total += w.total;
        sent += (w.countsByVerdict && w.countsByVerdict.SEND) || 0;
        for (const [reason, count] of Object.entries(w.countsByReason || {})) {
          if (reason !== "ELIGIBLE") reasons[reason] = (reasons[reason] || 0) + count;
        }
      }
      $("ops-totals").textContent = "Last hour: " + total + " decisions, " + sent + " sent, " + (total - sent) + " not sent.";
      fill("ops-drops", "drops-empty", Object.entries(reasons).sort((a, b) => b[1] - a[1]).map(([r, c]) => [Words.reason(r), c]));
      fill("ops-twilio", "twilio-empty", samples.filter(s => s.name === "optgate_twilio_sender_outcomes_total" && s.value > 0)
        .map(s => [outcomes[s.labels.outcome] || s.labels.outcome, s.value]));
      fill("ops-dlq", "dlq-empty", samples.filter(s => s.name === "optgate_dlq_records_total" && s.value > 0)
        .map(s => [s.labels.source_topic + ": " + (dlqReasons[s.labels.reason] || s.labels.reason) + " (" + s.labels.app + ")", s.value]));
      $("ops-updated").textContent = "Updated " + new Date().toLocaleTimeString("en-GB") + "; refreshes every " + EVERY_MS / 1000 + " s.";
      Console.problem(null);
    } catch (e) {
      Console.problem(e);
    }
  }

  Console.register("ops", {
    enter() { refresh(); timer = setInterval(refresh, EVERY_MS); },
    leave() { if (timer) clearInterval(timer); timer = null; },
  });
})();
