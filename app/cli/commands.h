#pragma once
// Each planview subcommand: parses its own flags from argv[2..] and returns the exit code.
// They throw cli::UsageError for a bad command line and geo::Error for bad data; main turns
// both into one line on stderr.

namespace cli {

int run_info(int argc, char** argv);
int run_sample(int argc, char** argv);
int run_check(int argc, char** argv);
int run_query(int argc, char** argv);
int run_snapshot(int argc, char** argv);
int run_targets(int argc, char** argv);
int run_intake(int argc, char** argv);
int run_review(int argc, char** argv);
int run_load(int argc, char** argv);
int run_tiles(int argc, char** argv);

} // namespace cli
