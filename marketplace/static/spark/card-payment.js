// Paying the marketplace fee by card, with Stripe.js (or localstripe's stand-in in development and tests).
//
// The payment page: Stripe.js draws the card fields; on submit, confirmCardSetup sends the card to Stripe and
// answers with a payment method id, which is all this page posts to Spark. Spark confirms the payment on the server.
// The bank's check page: confirmCardPayment takes the person through 3-D Secure, then the page posts back and Spark
// asks Stripe what happened. Errors are shown the GOV.UK way: an error summary, focused, and the message by the field.

const UNAVAILABLE = "Card payments are not available at the moment. Try again later.";
const NO_CARD = "Enter your card details: the card number, expiry date, security code and postcode";

function stripeFor(form) {
  if (typeof window.Stripe !== "function" || !form.dataset.publishableKey) {
    return null;
  }
  return window.Stripe(form.dataset.publishableKey);
}

function showError(message) {
  const summary = document.getElementById("card-error-summary");
  document.getElementById("card-error-link").textContent = message;
  document.getElementById("card-error-text").textContent = message;
  document.getElementById("card-error").hidden = false;
  document.getElementById("card-group").classList.add("govuk-form-group--error");
  summary.hidden = false;
  if (!document.title.startsWith("Error: ")) {
    document.title = `Error: ${document.title}`;
  }
  summary.focus();
}

// Stripe.js's messages are written for the person paying; a bare "Bad request" (localstripe's answer to an
// incomplete card) is not.
function messageFor(error) {
  if (!error) {
    return UNAVAILABLE;
  }
  if (error.type === "validation_error" || error.code === "card_declined" || error.type === "card_error") {
    return error.message || NO_CARD;
  }
  if (!error.message || error.message === "Bad request" || error.code === "invalid_expiry_year") {
    return NO_CARD;
  }
  return error.message;
}

function payPage(form) {
  const stripe = stripeFor(form);
  const button = document.getElementById("pay-button");
  if (!stripe) {
    document.getElementById("card-unavailable").hidden = false;
    button.hidden = true;
    showError(UNAVAILABLE);
    return;
  }
  const card = stripe.elements().create("card", { hidePostalCode: false });
  card.mount("#card-element");
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) {
      return;
    }
    busy = true;
    button.disabled = true;
    button.setAttribute("aria-disabled", "true");
    let result;
    try {
      result = await stripe.confirmCardSetup(form.dataset.setupSecret, { payment_method: { card } });
    } catch {
      result = { error: { message: UNAVAILABLE } };
    }
    const setup = result && result.setupIntent;
    if (!result || result.error || !setup || !setup.payment_method) {
      showError(messageFor(result && result.error));
      busy = false;
      button.disabled = false;
      button.removeAttribute("aria-disabled");
      return;
    }
    const method = setup.payment_method;
    document.getElementById("payment-method").value = typeof method === "string" ? method : method.id;
    form.submit();
  });
}

async function authenticatePage(form) {
  const stripe = stripeFor(form);
  if (!stripe) {
    return; // the Continue button lets Spark ask Stripe what happened
  }
  try {
    await stripe.confirmCardPayment(form.dataset.paymentSecret);
  } catch {
    // Spark asks Stripe what happened, whatever the browser was told.
  }
  form.submit();
}

const payment = document.getElementById("card-payment");
if (payment) {
  payPage(payment);
}
const authentication = document.getElementById("card-authenticate");
if (authentication) {
  authenticatePage(authentication);
}
