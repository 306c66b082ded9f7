using System.Globalization;
using Patron.Features.Frames;

namespace Patron.Pipeline.Data;

/// <summary>The out-of-time split of a <see cref="SessionFrame"/>: rows to train on (earlier) and rows to test on
/// (the latest window), with the split in words for metrics.json and the progress lines.</summary>
/// <param name="Train">Row indexes of the training set, in frame order.</param>
/// <param name="Test">Row indexes of the out-of-time test set, in frame order.</param>
/// <param name="Description">How the rows were split.</param>
internal sealed record SessionSplit(int[] Train, int[] Test, string Description)
{
    /// <summary>The share of rows the shopper split aims to hold out.</summary>
    public const double TestShare = 0.25;

    /// <summary>Web sessions: training = started before <paramref name="testFrom"/>, test = from it on (the frame holds
    /// only sessions before the scoring cutoff).</summary>
    public static SessionSplit ByTime(SessionFrame frame, DateTime testFrom)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < frame.Count; i++)
        {
            (frame.StartedAt[i] < testFrom ? train : test).Add(i);
        }

        return new SessionSplit([.. train], [.. test], string.Create(CultureInfo.InvariantCulture,
            $"trained on sessions started before {testFrom:yyyy-MM-dd}, tested on those from {testFrom:yyyy-MM-dd} to the scoring cutoff"));
    }

    /// <summary>Shopper sessions (months only): the latest months whose rows come closest to a quarter of all rows
    /// (ties: fewer months; at least one month stays for training) are the test set, earlier months and unknown months
    /// the training set. Null when the sessions cover fewer than two months.</summary>
    public static SessionSplit? ByMonth(SessionFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var counts = new int[13];
        foreach (var m in frame.Months)
        {
            counts[m]++;
        }

        var present = new List<int>();
        for (var m = 1; m <= 12; m++)
        {
            if (counts[m] > 0)
            {
                present.Add(m);
            }
        }

        if (present.Count < 2)
        {
            return null;
        }

        var best = 1;
        var bestGap = double.PositiveInfinity;
        var held = 0;
        for (var k = 1; k < present.Count; k++)
        {
            held += counts[present[^k]];
            var gap = Math.Abs(((double)held / frame.Count) - TestShare);
            if (gap < bestGap)
            {
                best = k;
                bestGap = gap;
            }
        }

        var first = present[^best];
        var train = new List<int>();
        var test = new List<int>();
        for (var i = 0; i < frame.Count; i++)
        {
            (frame.Months[i] >= first ? test : train).Add(i);
        }

        var months = string.Join(", ", present.GetRange(present.Count - best, best).ConvertAll(Name));
        return new SessionSplit([.. train], [.. test], string.Create(CultureInfo.InvariantCulture,
            $"months only: tested on the latest month(s) {months} ({100.0 * test.Count / frame.Count:0}% of sessions), trained on the earlier months"));
    }

    private static string Name(int month) => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedMonthName(month);
}
