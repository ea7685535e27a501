// The printable report's one action: 打印 (print). Everything else on the page is server-rendered.
document.getElementById("print")?.addEventListener("click", () => window.print());
document.body.dataset.ready = "true";
