using Patron.Features.Explain;
using Patron.Learning;
using Patron.Learning.Data;
using Patron.Learning.Explain;

namespace Patron.Pipeline.Explain;

/// <summary>The three strongest reasons behind each customer's estimated uplift, as sentences. For a customer above the
/// average uplift, what raises it comes first, then (when fewer than three raise it) what holds it down; below the
/// average, the other way round, so a customer the action would cost is told why.</summary>
internal static class UpliftReasons
{
    public const int Count = 3;

    public static string[][] Compute(IExplainable model, FeatureMatrix x)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        return ReasonBlocks.Compute(model, x, (row, phi) =>
        {
            var report = Drivers.Top(phi, x, row, Count + 2, FeatureDescriber.Instance);
            var texts = new string[Count];
            var k = 0;
            var sum = 0.0;
            foreach (var v in phi[..^1])
            {
                sum += v;
            }

            var up = (report.Up, " (raises the uplift)");
            var down = (report.Down, " (lowers the uplift)");
            foreach (var (drivers, direction) in sum >= 0 ? new[] { up, down } : new[] { down, up })
            {
                for (var i = 0; i < drivers.Count && k < Count; i++)
                {
                    var text = drivers[i].Text + direction;
                    if (Array.IndexOf(texts, text, 0, k) < 0)
                    {
                        texts[k++] = text;
                    }
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
