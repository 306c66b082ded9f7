using Patron.Features.Explain;
using Patron.Learning;
using Patron.Learning.Data;

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
            // spare drivers let a repeated sentence give way to the next reason. Drivers are described only when used.
            Span<int> up = stackalloc int[Count + Spare + 1];
            Span<int> down = stackalloc int[Count + Spare + 1];
            var ups = DriverPicks.Pick(phi, Count + Spare, positive: true, up);
            var downs = DriverPicks.Pick(phi, Count + Spare, positive: false, down);
            var texts = new string[Count];
            var plain = new string[Count];
            var k = 0;
            for (var i = 0; i < ups && k < Count; i++)
            {
                Add(texts, plain, ref k, Describe(x, row, up[i]), " (raises the churn risk)");
            }

            for (var i = 0; i < downs && k < Count; i++)
            {
                Add(texts, plain, ref k, Describe(x, row, down[i]), " (lowers the churn risk)");
            }

            for (; k < Count; k++)
            {
                texts[k] = "";
            }

            return texts;
        });
    }

    private static string Describe(FeatureMatrix x, int row, int column) => FeatureDescriber.Instance.Describe(x.Schema[column], x[row, column], x, row);

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
