// The page without a framework: the form is sent in the background so the chosen files stay
// chosen for the downloads; person rows open their explanation; files may be dropped.
"use strict";
document.documentElement.classList.add("js");

function form() { return document.getElementById("month-form"); }

function showProblems(result) {
  // Put each employer-profile message beside its field (the keys are the profile's, e.g. employer.iban).
  document.querySelectorAll(".field-error").forEach(function (p) { p.textContent = ""; });
  document.querySelectorAll("[aria-invalid]").forEach(function (i) { i.removeAttribute("aria-invalid"); });
  result.querySelectorAll("li[data-key]").forEach(function (li) {
    var input = document.getElementById("f-" + li.dataset.key);
    if (!input) { return; }
    input.setAttribute("aria-invalid", "true");
    document.getElementById("e-" + li.dataset.key).textContent = li.textContent.replace(li.dataset.key + ": ", "");
    input.closest("details").open = true;
  });
}

async function compute(event) {
  event.preventDefault();
  if (!form().reportValidity()) { return; }
  var status = document.getElementById("status");
  status.textContent = status.dataset.working;
  var lang = document.documentElement.lang;
  var response = await fetch("/month?fragment=1&lang=" + lang, { method: "POST", body: new FormData(form()) });
  var result = document.getElementById("result");
  result.innerHTML = await response.text();
  status.textContent = "";
  showProblems(result);
}

async function download(button) {
  var name = button.dataset.file;
  var response = await fetch("/api/v1/files" + (name ? "?name=" + encodeURIComponent(name) : ""), { method: "POST", body: new FormData(form()) });
  if (!response.ok) { alert((await response.json()).detail); return; }
  var link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = button.dataset.saveAs;
  document.body.appendChild(link);
  link.click();
  link.remove();
}

document.addEventListener("click", function (event) {
  var toggle = event.target.closest(".explain-toggle");
  if (toggle) {
    var row = document.getElementById(toggle.getAttribute("aria-controls"));
    var open = row.classList.toggle("open");
    toggle.setAttribute("aria-expanded", String(open));
  }
  var button = event.target.closest("button.download");
  if (button) { download(button); }
});

document.addEventListener("DOMContentLoaded", function () {
  document.getElementById("compute").addEventListener("click", compute);
  var drop = document.getElementById("drop");
  var files = document.getElementById("f-files");
  drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("over"); });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    drop.classList.remove("over");
    files.files = event.dataTransfer.files;
  });
});
