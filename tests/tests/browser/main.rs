//! Browser tests: headless Chromium (Debian's, through chromedriver) against
//! the real worker. Screenshots go to `tests/output/`.

mod new_case;
