using System.Text.Json;
using Patron.Lifetime.Data;
using Patron.Lifetime.Models;
using Patron.Lifetime.Prediction;

namespace Patron.Server.Scoring;

/// <summary>
/// What-if scores of the run's lifetime models (BG/NBD, with Gamma-Gamma for CLV), computed from a row's lifetime
/// inputs with the parameters the run saved in <c>models/repeat.json</c> or <c>models/clv.json</c>, by the same
/// formulas the run used: p_alive, expected purchases over the label horizon, the repeat probability (one minus the
/// probability of no purchase in the horizon, clamped to [0, 1]) and the CLV over the CLV horizon (negative or undefined
/// values as 0).
/// </summary>
/// <remarks>Inputs, in days, as the run's lifetime summary counts them (one transaction per customer and day, the first
/// not counted): <see cref="Frequency"/> repeat purchase days before the cutoff, <see cref="Recency"/> days from the first
/// to the last purchase day, <see cref="Age"/> days from the first purchase day to the day before the cutoff, and
/// <see cref="MeanRepeatSpend"/> the mean spend of the repeat days. Immutable and thread-safe.</remarks>
internal sealed class LifetimeScorer
{
    public const string Frequency = "lifetime_frequency";
    public const string Recency = "lifetime_recency_days";
    public const string Age = "lifetime_age_days";
    public const string MeanRepeatSpend = "lifetime_mean_repeat_spend";

    private readonly ITransactionModel _model;
    private readonly GammaGammaModel? _spend;
    private readonly bool _repeat;
    private readonly bool _clv;
    private readonly double _horizon;
    private readonly double _clvHorizon;

    private LifetimeScorer(ITransactionModel model, GammaGammaModel? spend, bool repeat, bool clv, double horizon, double clvHorizon)
    {
        _model = model;
        _spend = spend;
        _repeat = repeat;
        _clv = clv;
        _horizon = horizon;
        _clvHorizon = clvHorizon;
    }

    /// <summary>The optional columns of a what-if row that feed the lifetime models.</summary>
    public static IReadOnlyList<ColumnRule> Columns { get; } =
    [
        new(Frequency, CellKind.Number), new(Recency, CellKind.Number), new(Age, CellKind.Number), new(MeanRepeatSpend, CellKind.Number),
    ];

    /// <summary>Whether the run's repeat score comes from BG/NBD (so what-if rows can get it from their lifetime inputs).</summary>
    public bool ScoresRepeat => _repeat;

    /// <summary>Whether the run's CLV comes from BG/NBD with Gamma-Gamma.</summary>
    public bool ScoresClv => _clv && _spend is not null;

    /// <summary>The scorer of a run whose repeat or CLV task chose a lifetime model, or null.</summary>
    /// <param name="scorerFiles">Task → the bytes of its <c>models/&lt;task&gt;.json</c>, for tasks saved as scorers.</param>
    /// <param name="horizonDays">The label horizon (run.json <c>horizon_days</c>).</param>
    /// <param name="clvHorizonDays">The CLV horizon (run.json <c>clv_horizon_days</c>).</param>
    public static LifetimeScorer? Create(IReadOnlyDictionary<string, byte[]> scorerFiles, int horizonDays, int clvHorizonDays)
    {
        BgNbdModel? model = null;
        GammaGammaModel? spend = null;
        bool repeat = false, clv = false;
        foreach (var (task, bytes) in scorerFiles)
        {
            using var json = JsonDocument.Parse(bytes);
            var root = json.RootElement;
            var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            if (!(task == "repeat" && kind == "bgnbd") && !(task == "clv" && kind == "bgnbd_gamma_gamma"))
            {
                continue;
            }

            if (!root.TryGetProperty("bgnbd", out var b) || b.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            model = new BgNbdModel(b.GetProperty("r").GetDouble(), b.GetProperty("alpha").GetDouble(), b.GetProperty("a").GetDouble(), b.GetProperty("b").GetDouble());
            if (root.TryGetProperty("gamma_gamma", out var g) && g.ValueKind == JsonValueKind.Object)
            {
                spend = new GammaGammaModel(g.GetProperty("p").GetDouble(), g.GetProperty("q").GetDouble(), g.GetProperty("gamma").GetDouble());
            }

            repeat |= task == "repeat";
            clv |= task == "clv";
        }

        return model is null ? null : new LifetimeScorer(model, spend, repeat, clv, horizonDays, clvHorizonDays);
    }

    /// <summary>The lifetime figures of row <paramref name="i"/>, or null with the reason when its inputs are missing or
    /// out of range.</summary>
    public LifetimeFigures? Score(RequestRows rows, int i, out string? unavailable)
    {
        unavailable = null;
        if (!rows.HasNumbers(Frequency))
        {
            unavailable = $"Lifetime scores need {Frequency}, {Recency}, {Age} and {MeanRepeatSpend} in the row (docs/serving.md).";
            return null;
        }

        var x = rows.Numbers(Frequency)[i];
        var recency = rows.Numbers(Recency)[i];
        var age = rows.Numbers(Age)[i];
        var spend = rows.Numbers(MeanRepeatSpend)[i];
        if (double.IsNaN(x) || double.IsNaN(recency) || double.IsNaN(age) || (ScoresClv && double.IsNaN(spend)))
        {
            unavailable = $"Lifetime scores need {Frequency}, {Recency}, {Age}" + (ScoresClv ? $" and {MeanRepeatSpend}" : "") + " (null here).";
            return null;
        }

        if (x < 0 || x != Math.Floor(x) || x > int.MaxValue || recency < 0 || age < recency)
        {
            unavailable = $"Lifetime inputs out of range: {Frequency} must be a whole number ≥ 0 and 0 ≤ {Recency} ≤ {Age}.";
            return null;
        }

        var frequency = (int)x;
        try
        {
            var alive = _model.ProbabilityAlive(frequency, recency, age);
            var purchases = _model.ConditionalExpectedPurchases(_horizon, frequency, recency, age);
            double? repeat = null, clv = null;
            if (_repeat)
            {
                var none = _model.ProbabilityNoPurchase(_horizon, frequency, recency, age);
                repeat = double.IsNaN(none) ? 0 : Math.Clamp(1 - none, 0, 1);
            }

            if (ScoresClv)
            {
                var expectedSpend = _spend!.ConditionalExpectedSpend(frequency, spend);
                var value = CustomerValue.Expected(_model, expectedSpend, frequency, recency, age, _clvHorizon, 0.0, TimeUnit.Days);
                clv = double.IsFinite(value) ? Math.Max(value, 0) : 0;
            }

            return new LifetimeFigures(alive, purchases, repeat, clv);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or ArithmeticException)
        {
            // Parameters at the edge of their domain can leave an expectation undefined for some inputs (as the run
            // itself reports); the row gets no lifetime figures rather than an error.
            unavailable = "The lifetime models cannot score these inputs: " + e.Message;
            return null;
        }
    }
}
