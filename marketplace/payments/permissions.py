"""Who may act on invoices and fee instalments. The contract's parties, as `marketplace.contracts.permissions` sees
them: any member of the supplier raises and answers; a buyer admin or member records payment and disputes."""

from marketplace.contracts import permissions as contracts


def can_raise_invoice(user, contract) -> bool:
    return contracts.is_supplier_side(user, contract)


def can_answer_dispute(user, invoice) -> bool:
    return contracts.is_supplier_side(user, invoice.contract)


def can_handle_invoice(user, invoice) -> bool:
    """Record receipt or payment, or dispute: the buyer's side of the contract."""
    return contracts.is_buyer_side(user, invoice.contract)


def can_view_invoice(user, invoice) -> bool:
    return contracts.can_view(user, invoice.contract)


def can_manage_fees(user) -> bool:
    """Record a bank transfer for a fee instalment, or waive one: the marketplace's operators."""
    from marketplace.accounts.permissions import is_operator

    return is_operator(user)
