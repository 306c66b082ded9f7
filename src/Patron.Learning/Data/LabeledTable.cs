using System.Globalization;

namespace Patron.Learning.Data;

/// <summary>A table split into features, an optional label and an optional id column, ready for training or scoring.</summary>
/// <param name="X">Feature matrix (every column except label and id).</param>
/// <param name="Y">Labels, or null when the table has no label column.</param>
/// <param name="Ids">Id column cells, or null.</param>
/// <param name="Task">Binary when every label is 0/1 (or true/false), else regression; null without labels.</param>
public sealed record LabeledTable(FeatureMatrix X, double[]? Y, IReadOnlyList<string>? Ids, TaskKind? Task)
{
    /// <summary>Splits a table for training: kinds are inferred (non-numeric text → categorical).</summary>
    /// <param name="table">The whole table.</param>
    /// <param name="label">Label column name.</param>
    /// <param name="id">Id column to exclude from the features, or null.</param>
    /// <param name="task">Forces the task; null infers it from the labels.</param>
    public static LabeledTable ForTraining(CsvTable table, string label, string? id = null, TaskKind? task = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var labelIndex = RequireColumn(table, label, "label");
        var idIndex = id is null ? -1 : RequireColumn(table, id, "id");
        var y = ParseLabels(table.Column(labelIndex), label);
        var inferred = IsBinary(y) ? TaskKind.Binary : TaskKind.Regression;
        if (task == TaskKind.Binary && inferred != TaskKind.Binary)
        {
            throw new FormatException($"Label column '{label}' holds values other than 0 and 1, so it cannot be binary.");
        }

        var builder = new FeatureMatrixBuilder(table.RowCount);
        for (var j = 0; j < table.Header.Count; j++)
        {
            if (j != labelIndex && j != idIndex)
            {
                builder.AddText(table.Header[j], table.Column(j));
            }
        }

        return new LabeledTable(builder.Build(), y, idIndex < 0 ? null : table.Column(idIndex), task ?? inferred);
    }

    /// <summary>Splits a table for scoring with a model's schema; the label is read when present (to evaluate).</summary>
    public static LabeledTable ForScoring(CsvTable table, FeatureSchema schema, string? label = null, string? id = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(schema);
        var builder = new FeatureMatrixBuilder(table.RowCount);
        for (var j = 0; j < table.Header.Count; j++)
        {
            if (schema.IndexOf(table.Header[j]) >= 0)
            {
                builder.AddText(table.Header[j], table.Column(j));
            }
        }

        double[]? y = null;
        TaskKind? task = null;
        if (label is not null && table.IndexOf(label) >= 0)
        {
            y = ParseLabels(table.Column(label), label);
            task = IsBinary(y) ? TaskKind.Binary : TaskKind.Regression;
        }

        var ids = id is null ? null : table.Column(RequireColumn(table, id, "id"));
        return new LabeledTable(builder.Build(schema), y, ids, task);
    }

    private static int RequireColumn(CsvTable table, string name, string role)
    {
        var index = table.IndexOf(name);
        return index >= 0
            ? index
            : throw new KeyNotFoundException($"The {role} column '{name}' is not in the table (columns: {string.Join(", ", table.Header)}).");
    }

    private static double[] ParseLabels(IReadOnlyList<string> cells, string label)
    {
        var csv = cells as CsvColumn;
        var y = new double[cells.Count];
        for (var i = 0; i < y.Length; i++)
        {
            var s = (csv is not null ? csv.Cell(i) : cells[i].AsSpan()).Trim();
            if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v))
            {
                y[i] = v;
            }
            else if (s.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                y[i] = 1;
            }
            else if (s.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                y[i] = 0;
            }
            else
            {
                throw new FormatException($"Label column '{label}', row {i + 1}: '{s.ToString()}' is not a number or true/false.");
            }
        }

        return y;
    }

    private static bool IsBinary(double[] y)
    {
        foreach (var v in y)
        {
            if (v != 0 && v != 1)
            {
                return false;
            }
        }

        return true;
    }
}
