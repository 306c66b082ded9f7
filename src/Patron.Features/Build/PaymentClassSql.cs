namespace Patron.Features.Build;

/// <summary>The one definition of <c>payment_class</c>'s codes 1–5 (0 for no method) from an order's payment method,
/// rendered into <c>Sql/customer_rows.sql</c> and into the live fast path's row query, so the two cannot disagree.
/// The classes are those <see cref="Registry.FeatureVocabulary.PaymentClasses"/> names, in its order.</summary>
internal static class PaymentClassSql
{
    /// <summary>An INTEGER expression classing <paramref name="column"/> (a VARCHAR column reference).</summary>
    public static string Codes(string column) => $"""
        CAST(CASE
                   WHEN {column} IS NULL THEN 0
                   WHEN lower({column}) IN ('card', 'credit_card', 'debit_card', 'credit card', 'debit card') THEN 1
                   WHEN lower({column}) IN ('paypal', 'wallet', 'apple_pay', 'google_pay', 'klarna') THEN 2
                   WHEN lower({column}) IN ('bank_transfer', 'boleto', 'sepa', 'direct_debit', 'invoice') THEN 3
                   WHEN lower({column}) IN ('gift_card', 'voucher') THEN 4
                   ELSE 5
               END AS INTEGER)
        """;
}
