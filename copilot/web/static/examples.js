"use strict";
// The empty state's example questions: a tap puts one in the question box, ready to send or edit.
document.querySelectorAll(".example-q").forEach((button) => {
  button.addEventListener("click", () => {
    const question = document.getElementById("question");
    question.value = button.textContent.trim();
    question.focus();
  });
});
