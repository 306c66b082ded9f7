using Patron.Features.Sessions;
using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Explain;

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
            var report = Drivers.Top(phi, x, row, Count, SessionFeatureDescriber.Instance);
            var texts = new string[Count];
            var k = 0;
            var upFirst = !(probabilities[row] < baseRate);
            for (var pass = 0; pass < 2; pass++)
            {
                var up = upFirst == (pass == 0);
                var drivers = up ? report.Up : report.Down;
                for (var i = 0; i < drivers.Count && k < Count; i++)
                {
                    texts[k++] = drivers[i].Text + (up ? " (raises the purchase chance)" : " (lowers the purchase chance)");
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
