/*
 * Wagtail's date picker (its vendored jquery.datetimepicker) builds a "Save Selected" button with
 * a fixed English label that no catalogue reaches. This gives it the label the page was rendered
 * with (data-save-selected-label, translated in the editor's language), for every picker as it
 * is created.
 */
(() => {
  const script = document.currentScript;
  const label = script && script.dataset.saveSelectedLabel;
  if (!label) {
    return;
  }
  const relabel = (root) => {
    root.querySelectorAll(".xdsoft_save_selected").forEach((button) => {
      if (button.textContent !== label) {
        button.textContent = label;
      }
    });
  };
  new MutationObserver((records) => {
    records.forEach((record) => {
      record.addedNodes.forEach((node) => {
        if (node.nodeType === Node.ELEMENT_NODE) {
          relabel(node.parentNode || node);
        }
      });
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  relabel(document);
})();
