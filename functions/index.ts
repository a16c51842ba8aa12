// The Functions host loads this module; each import registers one function with `app`.
