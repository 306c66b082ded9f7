using System.Text.Json;
using Patron.Features.Sessions;
using Patron.Learning;

namespace Patron.Server.Scoring;

/// <summary>Scores sessions with the run's saved <c>session_purchase</c> model: rows carry either the session
/// features by name, or for a model trained on shopper sessions the 17 columns of the Online Shoppers export.</summary>
/// <remarks>Immutable and thread-safe. Reasons put the direction that explains the score first, judged against the
/// task's positive rate from metrics.json.</remarks>
internal sealed class SessionScorer
{
    public const string TaskName = "session_purchase";

    /// <summary>Most rows one request may score.</summary>
    public const int MaxRows = 10_000;

    private static readonly IReadOnlySet<string> NoColumns = new HashSet<string>();
    private static readonly IReadOnlySet<string> LabelColumns = new HashSet<string>(StringComparer.Ordinal) { ShopperSource.Label };

    private static readonly SessionBodyReader.ColumnSet SourceColumns = new(ShopperSource.Columns, ShopperSource.Label);

    private readonly IPredictor _model;
    private readonly SessionExplainer? _explainer;
    private readonly SessionBodyReader.ColumnSet _featureColumns;

    public SessionScorer(IPredictor model, double baseRate)
    {
        _model = model;
        _explainer = model is IExplainable explainable ? new SessionExplainer(explainable, baseRate) : null;
        BaseRate = baseRate;
        var columns = new List<ColumnRule>();
        var shopper = false;
        foreach (var spec in model.Schema.Features)
        {
            columns.Add(MatrixFactory.Rule(spec));
            shopper |= spec.Name == "page_value";
        }

        FeatureColumns = columns;
        Kind = shopper ? SessionKind.Shopper : SessionKind.Web;
        _featureColumns = new SessionBodyReader.ColumnSet(columns, null);
    }

    /// <summary>The saved session model.</summary>
    internal IPredictor Model => _model;

    /// <summary>The task's positive rate, which the reasons are judged against.</summary>
    internal double BaseRate { get; private init; }

    /// <summary>The kind of sessions the model was trained on.</summary>
    public SessionKind Kind { get; }

    /// <summary>The model's feature columns.</summary>
    public IReadOnlyList<ColumnRule> FeatureColumns { get; }

    /// <summary>Reads and checks the rows: source rows when the model is a shopper model and the first row names
    /// <c>PageValues</c>, else feature rows.</summary>
    public RequestRows? Read(JsonElement sessions, List<string> errors)
    {
        var source = Kind == SessionKind.Shopper && sessions.GetArrayLength() > 0 && ShopperSource.IsSourceRow(sessions[0]);
        if (!source)
        {
            return RowReader.Read(sessions, "sessions", FeatureColumns, NoColumns, errors);
        }

        var rows = RowReader.Read(sessions, "sessions", ShopperSource.Columns, LabelColumns, errors);
        return rows is null ? null : ShopperSource.ToFeatures(rows);
    }

    /// <summary>The rows of a request body read in one pass (<see cref="SessionBodyReader"/>): source rows for a shopper
    /// model, feature rows for a web one; null when the body is not the plain valid case, for <see cref="Read"/> to
    /// check and word.</summary>
    public RequestRows? TryReadBody(ReadOnlySpan<byte> body)
    {
        if (Kind == SessionKind.Shopper)
        {
            return SessionBodyReader.TryRead(body, SourceColumns, MaxRows) is { } source ? ShopperSource.ToFeatures(source) : null;
        }

        return SessionBodyReader.TryRead(body, _featureColumns, MaxRows);
    }

    public SessionScore[] Score(RequestRows rows)
    {
        var x = MatrixFactory.Build(_model.Schema, rows);
        var probabilities = new double[rows.Count];
        _model.Predict(x, probabilities);
        var reasons = _explainer?.Explain(x, probabilities);
        var result = new SessionScore[rows.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new SessionScore(double.IsNaN(probabilities[i]) ? null : probabilities[i], reasons is null ? [] : reasons[i]);
        }

        return result;
    }
}
