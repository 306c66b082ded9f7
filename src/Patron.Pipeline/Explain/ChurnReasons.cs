using Patron.Features.Explain;
using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Explain;

namespace Patron.Pipeline.Explain;

/// <summary>The three strongest reasons behind each customer's churn score, as sentences: the features pushing the
/// score up first, then (when fewer than three push up) those holding it down.</summary>
internal static class ChurnReasons
{
    public const int Count = 3;

    private const int Spare = 2;

    public static string[][] Compute(IExplainable model, FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        return ReasonBlocks.Compute(model, x, (row, phi) =>
        {
            // Two features can say the same thing (recency and the R of RFM are both "no order for N days"): a few
            // spare drivers let a repeated sentence give way to the next reason.
            var report = Drivers.Top(phi, x, row, Count + Spare, FeatureDescriber.Instance);
            var texts = new string[Count];
            var plain = new string[Count];
            var k = 0;
            for (var i = 0; i < report.Up.Count && k < Count; i++)
            {
                Add(texts, plain, ref k, report.Up[i].Text, " (raises the churn risk)");
            }

            for (var i = 0; i < report.Down.Count && k < Count; i++)
            {
                Add(texts, plain, ref k, report.Down[i].Text, " (lowers the churn risk)");
            }

            for (; k < Count; k++)
            {
                texts[k] = "";
            }

            return texts;
        });
    }

    private static void Add(string[] texts, string[] plain, ref int k, string text, string direction)
    {
        if (Array.IndexOf(plain, text, 0, k) >= 0)
        {
            return;
        }

        plain[k] = text;
        texts[k++] = text + direction;
    }
}
