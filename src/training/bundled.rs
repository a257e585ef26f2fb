//! The practice cases compiled into the binary. Listed by hand (a test
//! holds the list to the files in `rules/training/`), so the build script
//! that compiles the rules stays untouched by training.

pub(super) const FILES: &[(&str, &str)] = &[(
    "rules/training/network.yaml",
    include_str!("../../rules/training/network.yaml"),
)];
