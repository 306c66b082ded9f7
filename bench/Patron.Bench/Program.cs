using Patron.Bench;

// Usage: dotnet run -c Release --project bench/Patron.Bench -- NAME [options]
// Each benchmark measures Patron and its peer in the same run and reports ratios.
return BenchCatalog.Run(args);
