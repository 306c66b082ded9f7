namespace Patron.Features.Registry;

/// <summary>Fixed lists that name families of features; the SQL files use the same values.</summary>
internal static class FeatureVocabulary
{
    /// <summary>Payment-method classes, in the order of <c>payment_class</c> 1–5 in <c>Sql/customer_rows.sql</c>.</summary>
    public static readonly (string Kind, string Methods)[] PaymentClasses =
    [
        ("card", "card, credit_card, debit_card"),
        ("wallet", "paypal, wallet, apple_pay, google_pay, klarna"),
        ("bank", "bank_transfer, boleto, sepa, direct_debit, invoice"),
        ("voucher", "gift_card, voucher"),
        ("other", "any other method, e.g. cash_on_delivery"),
    ];

    /// <summary>Rolling windows in days for <c>orders_Nd</c> and <c>spend_Nd</c>.</summary>
    public static readonly int[] RollingWindows = [7, 30, 90, 365];

    /// <summary>Hour-of-day bands: name, first hour, last hour (inclusive).</summary>
    public static readonly (string Name, int From, int To)[] HourBands =
    [
        ("night", 0, 5),
        ("morning", 6, 11),
        ("afternoon", 12, 17),
        ("evening", 18, 23),
    ];
}
