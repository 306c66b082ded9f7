using Patron.Learning.Data;

namespace Patron.Server.Scoring;

/// <summary>Builds a model's feature matrix from checked request columns: the rules a schema asks of a request, and
/// the matrix from the columns (categorical values outside the model's levels are missing, as in scoring files).</summary>
internal static class MatrixFactory
{
    public static ColumnRule Rule(FeatureSpec spec) => new(spec.Name, spec.Kind switch
    {
        FeatureKind.Categorical => CellKind.Text,
        FeatureKind.Boolean => CellKind.Flag,
        _ => CellKind.Number,
    });

    public static FeatureMatrix Build(FeatureSchema schema, RequestRows rows)
    {
        var builder = new FeatureMatrixBuilder(rows.Count);
        foreach (var spec in schema.Features)
        {
            switch (spec.Kind)
            {
                case FeatureKind.Categorical:
                    builder.AddCategorical(spec.Name, rows.Texts(spec.Name));
                    break;
                case FeatureKind.Boolean:
                    builder.AddBoolean(spec.Name, rows.Numbers(spec.Name));
                    break;
                default:
                    builder.AddNumeric(spec.Name, rows.Numbers(spec.Name));
                    break;
            }
        }

        return builder.Build(schema);
    }
}
