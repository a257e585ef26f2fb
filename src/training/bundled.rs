//! The practice cases compiled into the binary. Listed by hand (a test
//! holds the list to the files in `rules/training/`), so the build script
//! that compiles the rules stays untouched by training.

pub(super) const FILES: &[(&str, &str)] = &[
    (
        "rules/training/account.yaml",
        include_str!("../../rules/training/account.yaml"),
    ),
    (
        "rules/training/card.yaml",
        include_str!("../../rules/training/card.yaml"),
    ),
    (
        "rules/training/device.yaml",
        include_str!("../../rules/training/device.yaml"),
    ),
    (
        "rules/training/maintenance.yaml",
        include_str!("../../rules/training/maintenance.yaml"),
    ),
    (
        "rules/training/network.yaml",
        include_str!("../../rules/training/network.yaml"),
    ),
    (
        "rules/training/operation.yaml",
        include_str!("../../rules/training/operation.yaml"),
    ),
    (
        "rules/training/renewal.yaml",
        include_str!("../../rules/training/renewal.yaml"),
    ),
    (
        "rules/training/unsigned_power_off.yaml",
        include_str!("../../rules/training/unsigned_power_off.yaml"),
    ),
];
