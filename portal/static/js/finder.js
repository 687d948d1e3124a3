/* The trial finder (trials/finder/). Without JavaScript every question is a page of its
   own. With it, the questions still unanswered, rendered hidden and disabled after the
   current one, are asked here one after another, and the last answer sends them all. */
(function () {
    var form = document.querySelector("form[data-finder]");
    if (!form) {
        return;
    }
    var steps = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-step]"));
    var back = form.querySelector(".finder-form__back");
    /* On the first question the server has no earlier page: its Back waits hidden. */
    var backOnlyHere = back !== null && back.hidden;
    var history = [0];
    /* "Question {n} of {total}", translated; the questions before this page are counted in. */
    var progressPattern = form.getAttribute("data-progress");
    var before = (parseInt(form.getAttribute("data-position"), 10) || 1) - 1;

    function answered(fieldset, submitter) {
        if (submitter && submitter.name && fieldset.contains(submitter)) {
            return true; /* "Not sure" on the age question */
        }
        var fields = fieldset.querySelectorAll("input, select");
        for (var i = 0; i < fields.length; i++) {
            var field = fields[i];
            if (field.type === "radio" && field.checked) {
                return true;
            }
            if ((field.tagName === "SELECT" || field.type === "number") && field.value && field.checkValidity()) {
                return true;
            }
        }
        return false;
    }

    function applies(fieldset) {
        if (fieldset.getAttribute("data-step") !== "province") {
            return true;
        }
        var country = form.querySelector("[name=country]:not(:disabled)");
        return country !== null && country.value === "CN";
    }

    function showProgress(index) {
        var label = steps[index].querySelector(".finder-question__progress");
        if (!label || !progressPattern) {
            return;
        }
        var n = before;
        var total = before;
        steps.forEach(function (fieldset, position) {
            if (applies(fieldset)) {
                total++;
                if (position <= index) {
                    n++;
                }
            }
        });
        label.textContent = progressPattern.replace("{n}", n).replace("{total}", total);
    }

    function show(index) {
        steps.forEach(function (fieldset, position) {
            fieldset.hidden = position !== index;
        });
        steps[index].disabled = false;
        showProgress(index);
        if (backOnlyHere) {
            back.hidden = history.length < 2;
        }
        var first = steps[index].querySelector("input, select");
        if (first) {
            first.focus();
        }
    }

    form.addEventListener("submit", function (event) {
        var current = history[history.length - 1];
        var fieldset = steps[current];
        var submitter = event.submitter;
        if (!answered(fieldset, submitter)) {
            return; /* the server says what is missing */
        }
        if (submitter && submitter.name && fieldset.contains(submitter)) {
            /* Carry the button's answer, which only a real submission would send. */
            var carried = document.createElement("input");
            carried.type = "hidden";
            carried.name = submitter.name;
            carried.value = submitter.value;
            fieldset.appendChild(carried);
            fieldset.querySelectorAll("input[type=number]").forEach(function (input) {
                input.value = "";
            });
        }
        var next = current + 1;
        while (next < steps.length && !applies(steps[next])) {
            next++;
        }
        if (next >= steps.length) {
            return;
        }
        event.preventDefault();
        history.push(next);
        show(next);
    });

    if (back) {
        back.addEventListener("click", function (event) {
            if (history.length > 1) {
                event.preventDefault();
                var left = history.pop();
                steps[left].disabled = true;
                show(history[history.length - 1]);
            }
        });
    }
})();
