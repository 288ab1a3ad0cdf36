import MuaFixKit
