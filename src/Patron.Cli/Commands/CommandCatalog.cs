using System.CommandLine;

namespace Patron.Cli.Commands;

/// <summary>The top-level commands, in the order <c>patron --help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        // Each area owns one file under Commands/ and adds its line here.
        yield return RunCommand.Create();
        yield return IngestCommand.Create();
        yield return DemoCommand.Create();
        yield return QualityCommand.Create();
        yield return TrainCommand.Create();
        yield return PredictCommand.Create();
        yield return FeaturesCommand.Create();
        yield return ExportCommand.Create();
        yield return LifetimeCommand.Create();
        yield return ExperimentCommand.Create();
        yield return UpliftCommand.Create();
        yield return DriftCommand.Create();
        yield return RulesCommand.Create();
        yield return ServeCommand.Create();
    }
}
