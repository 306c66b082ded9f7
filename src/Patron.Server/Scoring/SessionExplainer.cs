using System.Buffers;
using System.Collections.Concurrent;
using Patron.Features.Sessions;
using Patron.Learning;
using Patron.Learning.Data;

namespace Patron.Server.Scoring;

/// <summary>The reasons of scored sessions, the same sentences as the run's session reasons
/// (<c>Patron.Pipeline.Explain.SessionReasons</c>: the three strongest contributions, the direction that explains the
/// score first, judged against the base rate) with less work per row: the contributions come block by block from the
/// model's batch method into a pooled buffer, the top three up and down are picked without lists, and each sentence
/// (a pure function of the feature, its value and the direction) is made once and then taken from a cache.</summary>
/// <remarks>Thread-safe: the cache is concurrent and bounded (<see cref="CacheLimit"/> sentences; beyond it sentences
/// are made each time). A test pins the sentences equal to <c>SessionReasons</c> for every row of the held-out
/// sessions (tests/Patron.Server.Tests/Endpoints/SessionScoringTests.cs).</remarks>
internal sealed class SessionExplainer
{
    /// <summary>Reasons per session.</summary>
    public const int Count = 3;

    /// <summary>Most sentences cached per model.</summary>
    public const int CacheLimit = 200_000;

    private const int BlockRows = 4_096;
    private const string Raises = " (raises the purchase chance)";
    private const string Lowers = " (lowers the purchase chance)";

    private readonly IExplainable _model;
    private readonly double _baseRate;
    private readonly ConcurrentDictionary<long, string> _sentences = new();

    public SessionExplainer(IExplainable model, double baseRate)
    {
        _model = model;
        _baseRate = baseRate;
    }

    /// <summary>The reasons of every row of <paramref name="x"/>, strongest first, empty ones left out.</summary>
    public string[][] Explain(FeatureMatrix x, ReadOnlySpan<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(x);
        var width = x.ColumnCount + 1;
        var result = new string[x.RowCount][];
        var block = Math.Min(BlockRows, x.RowCount);
        var phi = ArrayPool<double>.Shared.Rent(Math.Max(1, block * width));
        try
        {
            Span<int> up = stackalloc int[Count + 1];
            Span<int> down = stackalloc int[Count + 1];
            for (var first = 0; first < x.RowCount; first += BlockRows)
            {
                var rows = Math.Min(BlockRows, x.RowCount - first);
                _model.Contributions(x, first, rows, phi.AsSpan(0, rows * width));
                for (var i = 0; i < rows; i++)
                {
                    var row = first + i;
                    var contributions = phi.AsSpan(i * width, width - 1);
                    var ups = Top(contributions, up, positive: true);
                    var downs = Top(contributions, down, positive: false);
                    var upFirst = !(probabilities[row] < _baseRate);
                    var texts = new string[Math.Min(Count, ups + downs)];
                    var k = 0;
                    for (var pass = 0; pass < 2; pass++)
                    {
                        var isUp = upFirst == (pass == 0);
                        var chosen = isUp ? up[..ups] : down[..downs];
                        for (var d = 0; d < chosen.Length && k < texts.Length; d++)
                        {
                            texts[k++] = Sentence(x, row, chosen[d], isUp);
                        }
                    }

                    result[row] = texts;
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(phi);
        }

        return result;
    }

    /// <summary>The features with the <see cref="Count"/> largest positive (or negative) contributions, largest first,
    /// ties to the earlier feature, zeros left out (as <c>Drivers.Top</c> picks them); returns how many.</summary>
    private static int Top(ReadOnlySpan<double> phi, Span<int> chosen, bool positive)
    {
        var n = 0;
        for (var j = 0; j < phi.Length; j++)
        {
            var v = positive ? phi[j] : -phi[j];
            if (!(v > 0))
            {
                continue;
            }

            var pos = n;
            while (pos > 0 && (positive ? phi[chosen[pos - 1]] : -phi[chosen[pos - 1]]) < v)
            {
                pos--;
            }

            if (pos < Count)
            {
                for (var m = Math.Min(n, Count - 1); m > pos; m--)
                {
                    chosen[m] = chosen[m - 1];
                }

                chosen[pos] = j;
                n = Math.Min(n + 1, Count);
            }
        }

        return n;
    }

    private string Sentence(FeatureMatrix x, int row, int feature, bool up)
    {
        var value = x[row, feature];
        var bits = float.IsNaN(value) ? 0x7FC00000 : BitConverter.SingleToInt32Bits(value);
        var key = ((long)feature << 33) | ((up ? 1L : 0L) << 32) | (uint)bits;
        if (_sentences.TryGetValue(key, out var sentence))
        {
            return sentence;
        }

        sentence = SessionFeatureDescriber.Instance.Describe(x.Schema[feature], value, x, row) + (up ? Raises : Lowers);
        if (_sentences.Count < CacheLimit)
        {
            _sentences.TryAdd(key, sentence);
        }

        return sentence;
    }
}
