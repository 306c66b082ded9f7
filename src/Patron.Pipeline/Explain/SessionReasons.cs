using Patron.Features.Sessions;
using Patron.Learning;
using Patron.Learning.Data;

namespace Patron.Pipeline.Explain;

/// <summary>The three strongest reasons behind each session's purchase probability, as sentences. A session at or
/// above the base rate gets the features pushing its chance up first, one below it those holding it down first, so
/// the reasons explain why the session stands where it does; the other direction fills up to three.</summary>
internal static class SessionReasons
{
    public const int Count = 3;

    public static string[][] Compute(IExplainable model, FeatureMatrix x, double[] probabilities, double baseRate)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        return ReasonBlocks.Compute(model, x, (row, phi) =>
        {
            // The three strongest each way, as the driver report ranks them; a driver is described only when used.
            Span<int> up = stackalloc int[Count + 1];
            Span<int> down = stackalloc int[Count + 1];
            var ups = DriverPicks.Pick(phi, Count, positive: true, up);
            var downs = DriverPicks.Pick(phi, Count, positive: false, down);
            var texts = new string[Count];
            var k = 0;
            var upFirst = !(probabilities[row] < baseRate);
            for (var pass = 0; pass < 2; pass++)
            {
                var isUp = upFirst == (pass == 0);
                var drivers = isUp ? up[..ups] : down[..downs];
                for (var i = 0; i < drivers.Length && k < Count; i++)
                {
                    var column = drivers[i];
                    var text = SessionFeatureDescriber.Instance.Describe(x.Schema[column], x[row, column], x, row);
                    texts[k++] = text + (isUp ? " (raises the purchase chance)" : " (lowers the purchase chance)");
                }
            }

            for (; k < Count; k++)
            {
                texts[k] = "";
            }

            return texts;
        });
    }
}
